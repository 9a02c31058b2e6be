"""Lists by tag and outreach campaigns: what the outreach screens call."""
