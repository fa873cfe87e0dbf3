"""The explorer: the web application ``policygraph serve`` runs (overview and heatmap, the catalogue's questions as
forms, company and compare pages, and the SPARQL endpoint with its editor), behind the guard of ``guard.py``."""
