# Spawn 100,000 processes; each sends back its own number squared.
parent = self()
count = 100_000

for n <- 1..count do
  spawn(fn -> send(parent, {:square, n * n}) end)
end

sum =
  Enum.reduce(1..count, 0, fn _, acc ->
    receive do
      {:square, s} -> acc + s
    end
  end)

IO.puts("spawned #{count} processes")
IO.puts("sum of their replies: #{sum}")
IO.puts("expected:             #{div(count * (count + 1) * (2 * count + 1), 6)}")
