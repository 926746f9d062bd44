print("ocop-bench: not written yet")
