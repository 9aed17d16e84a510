"""Copy in and out: the plain-text agency importer and the JSON export/import of whole newsrooms.

agency_text reads the plain-text format, importer writes it as drafts; json_format names the
JSON format, json_export writes it, json_fields checks its entries, json_import restores them.
"""
