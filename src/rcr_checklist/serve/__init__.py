"""``rcr-checklist serve``: the questionnaire as a local web form, on 127.0.0.1 with a token."""
