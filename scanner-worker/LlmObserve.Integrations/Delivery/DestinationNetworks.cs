using System.Net;
using System.Net.Sockets;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// Which IP addresses delivery may connect to. A destination's URL is chosen by a tenant admin, so
/// without this check any tenant could make the scanner workers (and ingest-api, which sends dead
/// letters again) connect into our own networks: loopback, private ranges, cloud metadata services.
/// </summary>
/// <remarks>
/// Checked on the addresses a host name resolves to, at connect time, and the connection is made to
/// an address that passed the check: a DNS answer cannot pass the check with one address and then
/// connect to another (DNS rebinding). Link-local (cloud metadata), unspecified, multicast and
/// reserved addresses are never allowed; loopback, private and carrier-grade NAT ranges only when
/// the operator lists them in <see cref="SettingName"/> (SIEMs often sit on a private network).
/// Public addresses are always allowed. Immutable and thread-safe.
/// </remarks>
public sealed class DestinationNetworks
{
    /// <summary>The setting that lets operators allow loopback and private ranges.</summary>
    public const string SettingName = DeliveryOptions.Section + ":" + nameof(DeliveryOptions.AllowedNetworks);

    /// <summary>Ranges no setting opens: checked first, so an allowed <c>0.0.0.0/0</c> does not open them.</summary>
    private static readonly Range[] NeverAllowed =
    [
        new("0.0.0.0/8", "unspecified (0.0.0.0/8)"),
        new("::/128", "unspecified (::)"),
        new("169.254.0.0/16", "link-local (169.254.0.0/16, where cloud metadata services answer)"),
        new("fe80::/10", "link-local (fe80::/10)"),
        new("fd00:ec2::254/128", "a cloud metadata service (AWS, IPv6)"),
        new("100.100.100.200/32", "a cloud metadata service (Alibaba Cloud)"),
        new("168.63.129.16/32", "a cloud platform service (Azure WireServer)"),
        new("224.0.0.0/4", "multicast (224.0.0.0/4)"),
        new("ff00::/8", "multicast (ff00::/8)"),
        new("240.0.0.0/4", "reserved or broadcast (240.0.0.0/4)"),
    ];

    /// <summary>Ranges refused unless <see cref="SettingName"/> covers the address.</summary>
    private static readonly Range[] AllowedOnRequest =
    [
        new("127.0.0.0/8", "in the loopback range (127.0.0.0/8)"),
        new("::1/128", "the loopback address (::1)"),
        new("10.0.0.0/8", "in a private range (10.0.0.0/8)"),
        new("172.16.0.0/12", "in a private range (172.16.0.0/12)"),
        new("192.168.0.0/16", "in a private range (192.168.0.0/16)"),
        new("100.64.0.0/10", "in the carrier-grade NAT range (100.64.0.0/10)"),
        new("fc00::/7", "in the IPv6 unique local range (fc00::/7)"),
        new("fec0::/10", "in the IPv6 site-local range (fec0::/10)"),
    ];

    private readonly IPNetwork[] _allowed;

    /// <param name="allowed">The operator's <see cref="SettingName"/>; empty allows public addresses only.</param>
    public DestinationNetworks(IEnumerable<IPNetwork> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        _allowed = [.. allowed];
    }

    /// <summary>Public addresses only: the default when nothing is configured.</summary>
    public static DestinationNetworks PublicOnly { get; } = new([]);

    /// <summary>Why delivery must not connect to <paramref name="address"/>, or null when it may.</summary>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Canonical(address);
        if (NeverAllowedReason(address) is { } never)
        {
            return $"destination address {address} is {never} and is never allowed";
        }

        if (AllowedOnRequest.FirstOrDefault(r => r.Network.Contains(address)) is { } range && !_allowed.Any(n => n.Contains(address)))
        {
            return $"destination address {address} is {range.Reason}; allow it with {SettingName}";
        }

        return null;
    }

    /// <summary>Why no setting allows <paramref name="address"/>, or null; for checks that do not know the setting (the API).</summary>
    public static string? NeverAllowedReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Canonical(address);
        return NeverAllowed.FirstOrDefault(r => r.Network.Contains(address))?.Reason;
    }

    /// <summary>The addresses of <paramref name="host"/> (a name or an IP literal) that delivery may connect to, in resolver order.</summary>
    /// <exception cref="DeliveryFailedException">Every address is refused; the message names the first and why.</exception>
    /// <exception cref="SocketException">The name does not resolve.</exception>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress[] addresses = IPAddress.TryParse(literal, out var parsed) ? [parsed] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = new List<IPAddress>(addresses.Length);
        string? firstRefusal = null;
        foreach (var address in addresses.Select(Canonical).Distinct())
        {
            if (Refusal(address) is { } refusal)
            {
                firstRefusal ??= refusal;
            }
            else
            {
                allowed.Add(address);
            }
        }

        return allowed.Count > 0 ? allowed
            : throw new DeliveryFailedException(firstRefusal ?? $"{host} has no IP address");
    }

    /// <summary>
    /// A TCP connection to <paramref name="host"/>:<paramref name="port"/>, made to an address
    /// <see cref="ResolveAsync"/> allowed; the allowed addresses are tried in turn until one answers.
    /// </summary>
    /// <exception cref="DeliveryFailedException">Every address is refused.</exception>
    /// <exception cref="SocketException">The name does not resolve, or no allowed address took the connection (the last error).</exception>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var address in await ResolveAsync(host, cancellationToken))
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    /// <summary>An IPv4 address written as IPv6 (<c>::ffff:10.0.0.5</c>) is checked, and reached, as the IPv4 address it is.</summary>
    private static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed record Range(IPNetwork Network, string Reason)
    {
        public Range(string cidr, string reason)
            : this(IPNetwork.Parse(cidr), reason)
        {
        }
    }
}
