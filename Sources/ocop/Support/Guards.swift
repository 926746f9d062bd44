import Workflow

/// The guards workflow files may name. (Switches to the domain registry once the OCOP workflows land.)
let ocopGuards: GuardRegistry = .builtIn
