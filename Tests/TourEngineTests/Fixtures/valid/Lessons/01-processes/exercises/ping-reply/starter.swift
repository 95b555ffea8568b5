// Write your process here.
