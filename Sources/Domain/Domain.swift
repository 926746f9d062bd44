import OCOP
import Workflow

/// The OCOP and NTM workflows' glue between the pure engine and the domain rules: the guards the YAML names.
public enum Domain {}
