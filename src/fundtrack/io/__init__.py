"""Files in and out: CSV, Excel workbooks, and the plain-text accounting journal.

This is the only package that imports openpyxl.
"""
