Logger.configure(level: :none)

# A small tree that stays up for ten seconds, made to be watched (in Elixir, with :observer).
# :ticker crashes every two seconds and its supervisor brings it back; :store and :clock do
# nothing much.
defmodule Ticker do
  use GenServer

  def start_link(name), do: GenServer.start_link(__MODULE__, :ok, name: name)

  def init(:ok) do
    Process.send_after(self(), :crash, 2000)
    {:ok, 0}
  end

  def handle_info(_message, state), do: {:stop, :tick_crash, state}
end

defmodule Idle do
  use GenServer

  def start_link(name), do: GenServer.start_link(__MODULE__, :ok, name: name)

  def init(:ok), do: {:ok, nil}
end

children = [
  Supervisor.child_spec({Ticker, :ticker}, id: :ticker),
  Supervisor.child_spec({Idle, :store}, id: :store),
  Supervisor.child_spec({Idle, :clock}, id: :clock)
]

{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, max_restarts: 10, max_seconds: 5)
IO.puts("the tree is up: #{length(Supervisor.which_children(sup))} children")
Process.sleep(10_000)
IO.puts("still up after ten seconds: #{Process.alive?(sup)}")
