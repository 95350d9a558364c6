"""The books, one module per noun: what each record is and how it is recorded."""
