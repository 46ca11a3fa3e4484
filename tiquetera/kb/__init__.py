"""Knowledge base and announcements: articles clients and agents read, rated and searched."""
