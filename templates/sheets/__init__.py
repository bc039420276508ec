"""One module per sheet of the template, each with its Danish ``NAME`` and one ``write(t)``; see ``build.LAYOUTS``."""
