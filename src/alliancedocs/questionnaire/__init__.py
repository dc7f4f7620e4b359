"""``alliancedocs questionnaire``: a local browser questionnaire that edits an answers file.

A new front end on the same core: questions come from the answers model (:mod:`.fields`)
with wording from :mod:`.catalogue`; every error and warning shown is a core diagnostic,
placed at its question (:mod:`.checking`); the answers file is the save (:mod:`.store`).
"""
