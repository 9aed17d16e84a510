"""Pictures: uploads, validation and the IPTC/XMP metadata read from the files."""
