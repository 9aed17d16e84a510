"""Date, time and number formats per language (FORMAT_MODULE_PATH): a newsroom's, not Django's defaults.

Both languages use a 24-hour clock; English writes "17 July 2024" (British newsroom style,
not the US "July 17, 2024, 2:05 p.m."), German "17. Juli 2024".
"""
