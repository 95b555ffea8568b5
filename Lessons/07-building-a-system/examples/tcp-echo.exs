defmodule Echo do
  # The listener's loop: accept a connection, give it a process of its own, accept the next.
  def accept(listener, report_to) do
    {:ok, socket} = :gen_tcp.accept(listener)
    handler = spawn(fn -> receive do: (:go -> serve(socket, report_to)) end)
    :ok = :gen_tcp.controlling_process(socket, handler)
    send(handler, :go)
    accept(listener, report_to)
  end

  # One connection: ask for one line at a time, answer it, ask for the next.
  def serve(socket, report_to) do
    :ok = :inet.setopts(socket, active: :once)

    receive do
      {:tcp, ^socket, line} ->
        :ok = :gen_tcp.send(socket, "echo: " <> line)
        serve(socket, report_to)

      {:tcp_closed, ^socket} ->
        send(report_to, {:closed, self()})
    end
  end
end

opts = [:binary, packet: :line, active: false, reuseaddr: true, ip: {127, 0, 0, 1}]
{:ok, listener} = :gen_tcp.listen(0, opts)
{:ok, port} = :inet.port(listener)
me = self()
acceptor = spawn(fn -> Echo.accept(listener, me) end)
IO.puts("listening on a port the system chose: #{port > 0}")

client_opts = [:binary, packet: :line, active: false]
{:ok, ada} = :gen_tcp.connect(~c"127.0.0.1", port, client_opts)
{:ok, bob} = :gen_tcp.connect(~c"127.0.0.1", port, client_opts)
:ok = :gen_tcp.send(ada, "hello from ada\n")
:ok = :gen_tcp.send(bob, "hello from bob\n")
{:ok, reply} = :gen_tcp.recv(bob, 0, 1000)
IO.puts("bob got: #{String.trim(reply)}")
{:ok, reply} = :gen_tcp.recv(ada, 0, 1000)
IO.puts("ada got: #{String.trim(reply)}")

:ok = :gen_tcp.close(ada)
receive do: ({:closed, _handler} -> IO.puts("ada's handler saw her leave and ended"))
:ok = :gen_tcp.send(bob, "still there?\n")
{:ok, reply} = :gen_tcp.recv(bob, 0, 1000)
IO.puts("bob got: #{String.trim(reply)}")
IO.puts("the acceptor still accepts: #{Process.alive?(acceptor)}")
