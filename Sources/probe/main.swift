import ProbeEngine
print("probe: under construction")
