# Outreach (精准滴灌)
