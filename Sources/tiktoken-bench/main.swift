print("tiktoken-bench: not written yet")
