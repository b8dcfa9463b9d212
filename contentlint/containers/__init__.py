"""Containers: files that hold several documents.

A container yields documents, each with a map from its offsets to the
file's offsets; rules see one document and never know where it sits.
``wxr`` reads WordPress exports (one document per post body).
"""
