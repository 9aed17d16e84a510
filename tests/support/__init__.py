"""What tests share beyond the factories (tests/factories.py): pictures, live pieces, page types, browser helpers."""
