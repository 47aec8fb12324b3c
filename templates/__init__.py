"""The templates and message catalogs followup ships (loaded as package data)."""
