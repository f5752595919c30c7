"""The pathway seen whole: what spans several of its contexts.

Candidates, dossiers, evaluations, training and documents are layered, each importing only
those before it (``tests/architecture/test_pathway_layers.py``). What reads across several
of them lives here, above them all, with no table of its own: the dossier list
(``listing``), one's work (``work``), a candidate's GDPR export and erasure (``gdpr``) and
retention (``retention``).
"""
