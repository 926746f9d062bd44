/// Dates, bilingual text and source locations come from the shared base module; importing Workflow brings them.
@_exported import Basics
