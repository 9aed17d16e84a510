"""The editors' desk: views, forms, filters, selectors and URLs under `/desk/`.

The desk calls the workflow for every change and the review package for findings; nothing imports it.
"""
