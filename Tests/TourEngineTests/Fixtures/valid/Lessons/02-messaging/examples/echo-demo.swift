import OTP

// Runs the echo-loop solution (lesson.json: "solutionOf").
print("echo")
