"""Writes with a business meaning on applications.

`common` holds the transition guard and the audit log every state change goes through;
`submission` is the applicant's side (drafts, submit, withdraw), `screening` the
coordinators' (reviews, decisions, release).
"""
