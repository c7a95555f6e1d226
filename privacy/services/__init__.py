"""Writes with a business meaning on personal data.

`consent` keeps the consent ledger, `erasure` anonymises applications and deletes accounts,
`retention` anonymises whole rounds once the program's retention period has passed.
"""
