"""Cleaning: the text extraction reads, made from a document's original text by small steps,
with an OffsetMap from every cleaned character back to the original."""

from casetrail.clean.offsets import Edit, OffsetMapBuilder, apply_edits
from casetrail.clean.pipeline import OCR_STEPS, STEPS, Step, clean_text

__all__ = ["OCR_STEPS", "STEPS", "Edit", "OffsetMapBuilder", "Step", "apply_edits", "clean_text"]
