using System.Security.Cryptography;
using System.Text;

namespace ActorWarden.ControlPlane.Security;

/// <summary>
/// Checks an Authorization header against the token in constant time. Both sides are hashed first so
/// that neither the content nor the length of the token leaks through timing.
/// </summary>
internal sealed class BearerTokenValidator
{
    private const string Scheme = "Bearer ";
    private const int MaxTokenLength = 512;
    private readonly byte[] _expectedHash;

    public BearerTokenValidator(string token)
    {
        _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public bool IsAuthorized(string? authorizationHeader)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            // Still hash something so a missing header costs the same as a wrong one.
            CryptographicOperations.FixedTimeEquals(SHA256.HashData(ReadOnlySpan<byte>.Empty), _expectedHash);
            return false;
        }

        var presented = authorizationHeader.AsSpan(Scheme.Length).Trim();
        if (presented.Length > MaxTokenLength)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(MaxTokenLength)];
        var length = Encoding.UTF8.GetBytes(presented, buffer);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer[..length], hash);
        return CryptographicOperations.FixedTimeEquals(hash, _expectedHash);
    }
}
