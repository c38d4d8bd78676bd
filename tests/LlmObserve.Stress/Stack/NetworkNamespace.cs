using System.Globalization;

using LlmObserve.Testing;

namespace LlmObserve.Stress.Stack;

/// <summary>
/// A network namespace of its own, joined to this machine's by a veth pair with link-local addresses
/// (169.254.x.1 here, 169.254.x.2 inside; never routed off the machine). A process started through
/// <see cref="Launcher"/> reaches the host only over that pair, so <see cref="Cut"/> takes it off the
/// network the way a broken link does: no resets, packets just stop.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private readonly string _hostLink;

    private NetworkNamespace(string name, int subnet)
    {
        Name = name;
        _hostLink = "veth-" + name[5..];
        HostAddress = string.Create(CultureInfo.InvariantCulture, $"169.254.{subnet}.1");
        InsideAddress = string.Create(CultureInfo.InvariantCulture, $"169.254.{subnet}.2");
    }

    public string Name { get; }

    /// <summary>This machine's end of the pair: where a server must listen to be reached from inside.</summary>
    public string HostAddress { get; }

    public string InsideAddress { get; }

    /// <summary>Runs a command inside the namespace, network only (mounts and /sys stay the host's, unlike <c>ip netns exec</c>).</summary>
    public IReadOnlyList<string> Launcher => ["nsenter", $"--net=/run/netns/{Name}", "--"];

    public static async Task<NetworkNamespace> CreateAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var net = new NetworkNamespace("llmo-" + id, 1 + (int)(uint.Parse(id[..4], NumberStyles.HexNumber, CultureInfo.InvariantCulture) % 250));
        var inside = "vethn-" + id;
        await IpAsync("netns", "add", net.Name);
        try
        {
            await IpAsync("link", "add", net._hostLink, "type", "veth", "peer", "name", inside);
            await IpAsync("link", "set", inside, "netns", net.Name);
            await IpAsync("addr", "add", net.HostAddress + "/30", "dev", net._hostLink);
            await IpAsync("link", "set", net._hostLink, "up");
            await IpAsync("-n", net.Name, "addr", "add", net.InsideAddress + "/30", "dev", inside);
            await IpAsync("-n", net.Name, "link", "set", inside, "up");
            await IpAsync("-n", net.Name, "link", "set", "lo", "up");
            return net;
        }
        catch (InvalidOperationException)
        {
            await net.DisposeAsync();
            await TryIpAsync("link", "delete", net._hostLink); // a pair not yet moved into the namespace
            throw;
        }
    }

    /// <summary>Takes this machine's end of the link down: nothing passes until <see cref="RestoreAsync"/>.</summary>
    public Task CutAsync() => IpAsync("link", "set", _hostLink, "down");

    public Task RestoreAsync() => IpAsync("link", "set", _hostLink, "up");

    public async ValueTask DisposeAsync()
    {
        await IpAsync("netns", "delete", Name); // deletes the inside end, and with it the pair
    }

    private static async Task TryIpAsync(params string[] args)
    {
        try
        {
            await IpAsync(args);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static Task<string> IpAsync(params string[] args) => Command.RunAsync("ip", args);

}
