// ProbeCore's types are built on the strict JSON values of ProbeJSON.
@_exported import ProbeJSON
