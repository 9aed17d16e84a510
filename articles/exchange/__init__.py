"""Copy in and out: the plain-text agency importer and the JSON export/import of whole newsrooms."""
