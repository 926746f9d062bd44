/// Dates, bilingual text and source locations come from the shared base module; importing OCOP brings them.
@_exported import Basics
