# This script is one node; a second BEAM started with :peer is the other. The Swift
# example's other node (the tour's own) hosts an echo process and a kv GenServer, so
# this one starts the same two on its peer.

# Compiled before this script becomes a node (Elixir 1.14 cannot compile a module in
# a script after Node.start); the peer gets the compiled code over the wire below.
{:module, Echo, echo_code, _} =
  defmodule Echo do
    # Answers {pid, msg} with {:echo, msg} sent to pid, and ignores anything else.
    def start, do: Process.register(spawn(&serve/0), :echo)

    defp serve do
      receive do
        {from, msg} when is_pid(from) -> send(from, {:echo, msg})
        _other -> :ignored
      end

      serve()
    end
  end

{:module, KV, kv_code, _} =
  defmodule KV do
    # {:put, key, value} answers :ok, {:get, key} the value or nil.
    use GenServer

    def start, do: GenServer.start(__MODULE__, %{}, name: :kv)

    @impl true
    def init(state), do: {:ok, state}

    @impl true
    def handle_call({:put, key, value}, _from, state),
      do: {:reply, :ok, Map.put(state, key, value)}

    def handle_call({:get, key}, _from, state), do: {:reply, Map.get(state, key), state}
  end

# Distribution needs epmd, the port mapper. `iex --sname` starts one; a script that
# becomes a node starts it itself (a no-op when one runs) and waits until it answers.
System.cmd("epmd", ["-daemon"])
epmd_answers? = fn _ -> match?({_, 0}, System.cmd("epmd", ["-names"], stderr_to_stdout: true)) end
Enum.find(1..100, epmd_answers?)
{:ok, _} = Node.start(:client, :shortnames)
Node.set_cookie(:tour)

# kvpeer: same cookie, Elixir's modules on its code path, then Echo and KV loaded and started.
peer_args = [~c"-setcookie", ~c"tour", ~c"-pa", :code.lib_dir(:elixir, :ebin)]
{:ok, kv_peer, kvpeer} = :peer.start(%{name: :kvpeer, args: peer_args})
{:module, Echo} = :erpc.call(kvpeer, :code, :load_binary, [Echo, ~c"remote-kv.exs", echo_code])
{:module, KV} = :erpc.call(kvpeer, :code, :load_binary, [KV, ~c"remote-kv.exs", kv_code])
true = :erpc.call(kvpeer, Echo, :start, [])
{:ok, _} = :erpc.call(kvpeer, KV, :start, [])

IO.puts("ping: #{inspect(Node.ping(kvpeer))}")

# The peer's echo process answers {pid, msg} with {:echo, msg}.
send({:echo, kvpeer}, {self(), "hello"})

receive do
  reply -> IO.puts("echo answered: #{inspect(reply)}")
end

# Its kv GenServer, called by {name, node}.
kv = {:kv, kvpeer}
IO.puts("put: #{inspect(GenServer.call(kv, {:put, :lang, "Swift"}))}")
IO.puts("get: #{inspect(GenServer.call(kv, {:get, :lang}))}")
IO.puts("get missing: #{inspect(GenServer.call(kv, {:get, :nothing}))}")

:peer.stop(kv_peer)
