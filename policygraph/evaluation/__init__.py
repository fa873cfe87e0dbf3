"""Evaluation against expert annotations, apart from extraction: the OPP-115 labels of an extraction
(``opp115_labels``) and scoring them with the OPP-115 scorers (``opp115``)."""
