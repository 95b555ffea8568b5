Logger.configure(level: :none)

defmodule Worker do
  use GenServer

  def start_link(name), do: GenServer.start_link(__MODULE__, name)

  def init(name) do
    IO.puts("starting #{name}")
    {:ok, name}
  end

  def handle_cast(:crash, name) do
    IO.puts("#{name} crashes")
    {:stop, :boom, name}
  end
end

children = [
  Supervisor.child_spec({Worker, "a"}, id: :a),
  Supervisor.child_spec({Worker, "b"}, id: :b)
]

{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
pids = Map.new(Supervisor.which_children(sup), fn {id, pid, _, _} -> {id, pid} end)

ref = Process.monitor(pids[:b])
GenServer.cast(pids[:b], :crash)
# Wait for b to be gone; b's exit signal reached the supervisor before b's :DOWN reached us,
# so the next call returns once the supervisor has handled the crash.
receive do
  {:DOWN, ^ref, :process, _, _} -> :ok
end

after_crash = Map.new(Supervisor.which_children(sup), fn {id, pid, _, _} -> {id, pid} end)
IO.puts("b is a new process: #{after_crash[:b] != pids[:b]}")
IO.puts("a is the same process: #{after_crash[:a] == pids[:a]}")
