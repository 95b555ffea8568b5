Logger.configure(level: :none)

# A worker registered as :flaky that crashes when told to.
defmodule Flaky do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, :ok, name: :flaky)

  def init(:ok) do
    IO.puts("flaky starts")
    {:ok, nil}
  end

  def handle_cast(:crash, state), do: {:stop, :boom, state}
end

Process.flag(:trap_exit, true)
{:ok, sup} = Supervisor.start_link([Flaky], strategy: :one_for_one, max_restarts: 2, max_seconds: 5)

for n <- 1..3 do
  IO.puts("crash #{n}")
  ref = Process.monitor(:flaky)
  GenServer.cast(:flaky, :crash)

  receive do
    {:DOWN, ^ref, :process, _, _} -> :ok
  end

  # The supervisor handled the crash before it answers (the worker's exit signal came first); after
  # the third crash it has given up, so there is nobody left to ask.
  if n < 3, do: Supervisor.which_children(sup)
end

receive do
  {:EXIT, ^sup, reason} -> IO.puts("the supervisor gave up: #{inspect(reason)}")
after
  1000 -> IO.puts("the supervisor is still running")
end
