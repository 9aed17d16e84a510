"""The review assistant: editorial checks, their settings and dismissals, the review page's helpers, comments.

Used by the workflow (blocking findings stop publication), the desk and the importer; it imports
neither the desk nor the public site.
"""
