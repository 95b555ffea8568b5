/// The BEAM side of `elixirtour bench call` and `bench restart`: an Erlang module that measures
/// the same workloads as `GenServerBenchmark.calls` and `SupervisorBenchmark.restartLatency`.
///
/// Write `erlangSource` to `<dir>/elixirtour_otp_bench.erl`, compile it with
/// `erlc -o <dir> <dir>/elixirtour_otp_bench.erl`, then run
/// `erl -noshell -pa <dir> -s elixirtour_otp_bench main calls 200000` (prints calls per second)
/// or `… main calls_backlog 200000 10000` (the same calls, with 10,000 unrelated messages waiting
/// in the client's mailbox), or `… main restart 10000` (prints the mean restart latency in
/// microseconds). Each prints one
/// number on a line and halts.
///
/// Threading: constants; safe to read from anywhere.
package enum OTPBeamBenchmark {
    public static let moduleName = "elixirtour_otp_bench"

    public static let erlangSource = #"""
        %% elixirtour's OTP benchmarks on the BEAM; the Swift runtime runs the same workloads.
        -module(elixirtour_otp_bench).
        -export([main/1, calls/1, calls_backlog/2, restart/1]).
        -export([init/1, handle_call/3, handle_cast/2, start_worker/1, worker/1]).

        %% One module serves both behaviours: init/1 tells them apart by its argument.
        init({supervisor, Bench, Intensity}) ->
            Flags = #{strategy => one_for_one, intensity => Intensity, period => 3600},
            Child = #{id => worker, start => {?MODULE, start_worker, [Bench]}},
            {ok, {Flags, [Child]}};
        init(State) ->
            {ok, State}.

        handle_call(Request, _From, State) -> {reply, Request, State}.
        handle_cast(_Request, State) -> {noreply, State}.

        %% gen_server:call round trips per second from one client to one echo server.
        calls(N) ->
            {ok, Server} = gen_server:start_link(?MODULE, 0, []),
            call_loop(Server, 1000),
            T0 = erlang:monotonic_time(nanosecond),
            call_loop(Server, N),
            T1 = erlang:monotonic_time(nanosecond),
            gen_server:stop(Server),
            N / ((T1 - T0) / 1.0e9).

        %% The same calls from a client with Backlog unrelated messages waiting in its mailbox: the
        %% reply's receive starts at the mark the call's monitor set, so the backlog is not scanned.
        calls_backlog(N, Backlog) ->
            {ok, Server} = gen_server:start_link(?MODULE, 0, []),
            [self() ! {unrelated, I} || I <- lists:seq(1, Backlog)],
            call_loop(Server, 1000),
            T0 = erlang:monotonic_time(nanosecond),
            call_loop(Server, N),
            T1 = erlang:monotonic_time(nanosecond),
            {message_queue_len, Backlog} = process_info(self(), message_queue_len),
            gen_server:stop(Server),
            N / ((T1 - T0) / 1.0e9).

        call_loop(_Server, 0) -> ok;
        call_loop(Server, K) -> K = gen_server:call(Server, K), call_loop(Server, K - 1).

        %% Mean microseconds from killing a supervised worker to its replacement running.
        start_worker(Bench) -> {ok, spawn_link(?MODULE, worker, [Bench])}.
        worker(Bench) -> Bench ! {started, self()}, receive stop -> ok end.

        restart(N) ->
            process_flag(trap_exit, true),
            {ok, Sup} = supervisor:start_link(?MODULE, {supervisor, self(), N + 1000}),
            First = receive {started, W} -> W end,
            Total = restart_loop(First, N + 100, 0, N),
            unlink(Sup),
            exit(Sup, shutdown),
            Total / N / 1000.

        restart_loop(_Worker, 0, Total, _Measured) -> Total;
        restart_loop(Worker, Left, Total, Measured) ->
            T0 = erlang:monotonic_time(nanosecond),
            exit(Worker, kill),
            Next = receive {started, W} -> W end,
            T1 = erlang:monotonic_time(nanosecond),
            Add = case Left =< Measured of true -> T1 - T0; false -> 0 end,
            restart_loop(Next, Left - 1, Total + Add, Measured).

        main([Which, Count | Rest]) ->
            logger:set_primary_config(level, none),
            N = list_to_integer(text(Count)),
            Result = case text(Which) of
                "calls" -> calls(N);
                "calls_backlog" -> [Backlog] = Rest, calls_backlog(N, list_to_integer(text(Backlog)));
                "restart" -> restart(N)
            end,
            io:format("~.2f~n", [float(Result)]),
            halt().

        text(A) when is_atom(A) -> atom_to_list(A);
        text(S) -> S.
        """#
}
