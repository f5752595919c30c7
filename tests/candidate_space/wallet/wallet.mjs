// A wallet, built on oid4vc-ts (@openid4vc/openid4vci: the OpenWallet Foundation's
// OpenID4VCI client, which the platform does not use), for tests/candidate_space/test_wallet.py.
//
//   node wallet.mjs <offer URI> [honest|wrong-nonce|token-only] [transaction code]
//
// The offer is by reference (credential_offer_uri: the library fetches it) or by value; the
// transaction code is what the holder types when the offer asks for one (tx_code).
// WALLET_ORIGIN_FROM / WALLET_ORIGIN_TO: the issuer's origin and where it is really served
// (the test serves the platform on a free port under its configured CLEA_BASE_URL: a hosts
// entry, in effect).
// Resolves the offer and the issuer's metadata, redeems the pre-authorised code (with the
// transaction code), asks for a
// c_nonce, signs an openid4vci-proof+jwt with a fresh P-256 key and receives the credential.
// Prints one JSON line: {"ok": true, ...} or {"ok": false, "stage": ..., "error": <OAuth error code>}.
import crypto from "node:crypto";
import { clientAuthenticationAnonymous } from "@openid4vc/oauth2";
import { Openid4vciClient } from "@openid4vc/openid4vci";
import { setGlobalConfig } from "@openid4vc/utils";

const PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

// The test server is plain http on 127.0.0.1.
setGlobalConfig({ allowInsecureUrls: true });

const [offerUri, mode = "honest", txCode] = process.argv.slice(2);
const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const publicJwk = publicKey.export({ format: "jwk" });
const b64 = (data) => Buffer.from(data).toString("base64url");

const originFrom = process.env.WALLET_ORIGIN_FROM;
const originTo = process.env.WALLET_ORIGIN_TO;
const routed = (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  return fetch(originFrom && url.startsWith(originFrom) ? originTo + url.slice(originFrom.length) : url, init);
};

const callbacks = {
  fetch: routed,
  hash: (data, alg) => new Uint8Array(crypto.createHash(alg.replace("-", "").toLowerCase()).update(data).digest()),
  generateRandom: (length) => new Uint8Array(crypto.randomBytes(length)),
  clientAuthentication: clientAuthenticationAnonymous(),
  signJwt: async (_signer, { header, payload }) => {
    const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
    const signature = crypto.sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
    return { jwt: `${input}.${b64(signature)}`, signerJwk: publicJwk };
  },
};

function errorCode(error) {
  const body = error?.errorResponse ?? error?.response?.credentialErrorResponseResult?.data ?? error?.response?.body;
  if (body && typeof body === "object" && body.error) return body.error;
  const found = /"error"\s*:\s*"([a-z_]+)"/.exec(String(error?.message ?? "") + JSON.stringify(error ?? {}));
  return found ? found[1] : String(error?.message ?? error);
}

async function main() {
  const client = new Openid4vciClient({ callbacks });
  let stage = "offer";
  let credentialOffer;
  try {
    credentialOffer = await client.resolveCredentialOffer(offerUri);
  } catch (error) {
    return { ok: false, stage, error: errorCode(error), status: error?.response?.status };
  }
  const txCodeAsked = credentialOffer.grants?.[PRE_AUTH]?.tx_code ?? null;
  const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
  stage = "token";
  try {
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer,
      issuerMetadata,
      txCode,
    });
    if (mode === "token-only") {
      return { ok: true, accessToken: accessTokenResponse.access_token, txCodeAsked };
    }
    stage = "nonce";
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    stage = "credential";
    const credentialConfigurationId = credentialOffer.credential_configuration_ids[0];
    const { jwt } = await client.createCredentialRequestJwtProof({
      issuerMetadata,
      credentialConfigurationId,
      signer: { method: "jwk", alg: "ES256", publicJwk },
      nonce: mode === "wrong-nonce" ? `${c_nonce}x` : c_nonce,
    });
    const response = await client.retrieveCredentials({
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      credentialConfigurationId,
      proofs: { jwt: [jwt] },
    });
    return {
      ok: true,
      issuer: issuerMetadata.credentialIssuer.credential_issuer,
      tokenEndpoint: issuerMetadata.authorizationServers[0].token_endpoint,
      credentials: response.credentialResponse.credentials,
      holderJwk: publicJwk,
      txCodeAsked,
    };
  } catch (error) {
    return { ok: false, stage, error: errorCode(error), txCodeAsked };
  }
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
