Logger.configure(level: :none)

defmodule Worker do
  use GenServer

  def start_link(name), do: GenServer.start_link(__MODULE__, name)

  def init(name) do
    Process.flag(:trap_exit, true)
    IO.puts("  start #{name}")
    {:ok, name}
  end

  def handle_cast(:crash, name), do: {:stop, :boom, name}

  def terminate(reason, name) do
    IO.puts("  stop #{name} (#{inspect(reason)})")
  end
end

for strategy <- [:one_for_one, :one_for_all, :rest_for_one] do
  IO.puts("#{strategy}:")
  children = for name <- ["a", "b", "c"], do: Supervisor.child_spec({Worker, name}, id: name)
  {:ok, sup} = Supervisor.start_link(children, strategy: strategy)
  IO.puts("  -- b crashes --")
  {_, b, _, _} = List.keyfind(Supervisor.which_children(sup), "b", 0)
  ref = Process.monitor(b)
  GenServer.cast(b, :crash)
  # Wait for b to be gone, then ask the supervisor something: b's exit signal reached it
  # before b's :DOWN reached us, so by the time it answers it has handled the crash.
  receive do
    {:DOWN, ^ref, :process, _, _} -> :ok
  end

  Supervisor.which_children(sup)
  IO.puts("  -- stopping the supervisor --")
  Supervisor.stop(sup)
end
