"""What the officer sees: Textual screens, widgets and styles."""
