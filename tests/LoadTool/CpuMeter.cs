using System.Globalization;

namespace Ecommerce.LoadTool;

/// <summary>
/// Where a run's CPU went: processor time of every process on the machine between two
/// readings of /proc, grouped by program (the .NET app's name, "postgres", "pgbench", "wrk",
/// the kernel and everything else as "other"). It shows which part of the system a rate costs,
/// on a machine where they all share the same cores. Linux only; elsewhere it reads nothing.
/// </summary>
internal sealed class CpuMeter
{
    private static readonly double TicksPerMs = 100 / 1000.0; // USER_HZ is 100 on Linux.

    private readonly Dictionary<int, (string Program, long Ticks)> processes;
    private readonly long busy;
    private readonly long total;

    private CpuMeter(Dictionary<int, (string, long)> processes, long busy, long total)
    {
        this.processes = processes;
        this.busy = busy;
        this.total = total;
    }

    public static CpuMeter Read()
    {
        var processes = new Dictionary<int, (string, long)>();
        if (!OperatingSystem.IsLinux())
        {
            return new CpuMeter(processes, 0, 0);
        }
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && TryReadProcess(pid, out var program, out var ticks))
            {
                processes[pid] = (program, ticks);
            }
        }
        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        return new CpuMeter(processes, fields.Sum() - idle, fields.Sum());
    }

    /// <summary>Milliseconds of CPU per operation for each program, from this reading to <paramref name="later"/>.</summary>
    public CpuUse Until(CpuMeter later, double operations)
    {
        var byProgram = new Dictionary<string, double>();
        long counted = 0;
        foreach (var (pid, (program, ticks)) in later.processes)
        {
            // A process started in between counts from zero; one that ended is gone from both.
            var before = processes.TryGetValue(pid, out var earlier) && earlier.Program == program ? earlier.Ticks : 0;
            var used = ticks - before;
            if (used > 0)
            {
                byProgram[program] = byProgram.GetValueOrDefault(program) + used;
                counted += used;
            }
        }
        var busyTicks = later.busy - busy;
        // The machine's busy time beyond the processes': the kernel's own work (interrupts, soft
        // irqs of the loopback traffic) and processes too short-lived to be read.
        byProgram["other"] = byProgram.GetValueOrDefault("other") + Math.Max(0, busyTicks - counted);
        var perOperation = operations <= 0
            ? new Dictionary<string, double>()
            : byProgram.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value / TicksPerMs / operations);
        var machineBusy = later.total - total is > 0 and var all ? (double)busyTicks / all : 0;
        return new CpuUse(perOperation, machineBusy);
    }

    private static bool TryReadProcess(int pid, out string program, out long ticks)
    {
        program = "";
        ticks = 0;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // pid (comm) state ppid ... utime stime: fields 14 and 15, counted after the ')'.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks = long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
            program = ProgramOf(pid, stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')]);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            return false; // It ended while being read.
        }
    }

    private static string ProgramOf(int pid, string command)
    {
        if (command is "dotnet")
        {
            // dotnet path/Ecommerce.Silo.dll ...: name it after the app.
            var app = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0')
                .FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
            return app is null ? "dotnet" : Path.GetFileNameWithoutExtension(app).Replace("Ecommerce.", "", StringComparison.Ordinal);
        }
        if (command.StartsWith("Ecommerce.", StringComparison.Ordinal))
        {
            return command["Ecommerce.".Length..]; // An app started by its own host executable.
        }
        return command is "postgres" or "pgbench" or "wrk" ? command : "other";
    }
}

/// <summary>CPU milliseconds per operation by program, and how busy the whole machine was (0 to 1).</summary>
public sealed record CpuUse(IReadOnlyDictionary<string, double> MsPerOperation, double MachineBusy)
{
    public double Total => MsPerOperation.Values.Sum();

    public override string ToString() => MsPerOperation.Count == 0
        ? ""
        : string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(", ", MsPerOperation.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value:0.000}"))}; total {Total:0.000} ms (machine {MachineBusy:P0} busy)");
}
