// The engine's public API speaks in ProbeCore's types (JSONValue, ProbeError, Provider, ...).
@_exported import ProbeCore
