# A link ties two fates together; a monitor only watches.
defmodule Demo do
  def down_reason(ref) do
    receive do
      {:DOWN, ^ref, :process, _pid, reason} -> reason
    end
  end

  # A process (which we monitor) that links to a child exiting with `reason`, tells us the
  # child's pid, then waits.
  def parent_of_failing_child(reason) do
    me = self()

    spawn_monitor(fn ->
      send(me, {:child, reason, spawn_link(fn -> exit(reason) end)})
      Process.sleep(:infinity)
    end)
  end
end

# 1. A monitor: we hear of the death as a message and carry on.
{_pid, ref} = spawn_monitor(fn -> exit(:boom) end)
IO.puts("monitor: the watched process went down with #{inspect(Demo.down_reason(ref))}")

# 2. A link: an abnormal exit kills the linked parent too.
{_parent, ref} = Demo.parent_of_failing_child(:boom)
IO.puts("link: the parent died too, reason #{inspect(Demo.down_reason(ref))}")

# 3. A normal exit does not kill the linked parent.
{calm, _ref} = Demo.parent_of_failing_child(:normal)
# Wait for the child to be gone (its exit signal reached the parent before its :DOWN reaches us).
child =
  receive do
    {:child, :normal, pid} -> pid
  end

Demo.down_reason(Process.monitor(child))
IO.puts("link: after a normal exit the parent is alive? #{Process.alive?(calm)}")

# 4. Trapping exits turns the signal into a message.
Process.flag(:trap_exit, true)
child = spawn_link(fn -> exit(:boom) end)

receive do
  {:EXIT, ^child, reason} -> IO.puts("trap_exit: got {:EXIT, child, #{inspect(reason)}} and lived")
end
