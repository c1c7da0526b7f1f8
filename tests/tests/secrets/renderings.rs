//! What the client, builders, replayed fixtures and their errors render: never a credential
//! nor a secret of the exchange.

use super::*;

#[tokio::test]
async fn client_and_builder_never_show_credentials() {
    let builder = secret_builder("http://127.0.0.1:9");
    let rendered = debug(&builder);
    assert_no_secret("ClientBuilder", &rendered, &[]);
    assert!(rendered.contains(REDACTED), "{rendered}");
    assert!(rendered.contains(SUPPORT_BASIC_USERNAME), "{rendered}");

    let client = builder.build().expect("client");
    let rendered = debug(&client);
    assert_no_secret("Client", &rendered, &[]);
    assert_eq!(
        rendered.matches(REDACTED).count(),
        2 * CREDENTIALS.len(),
        "each credential is shown redacted, in both renderings:\n{rendered}"
    );
    assert_no_secret("Client clone", &debug(&client.clone()), &[]);
    assert_no_secret("Support area", &debug(&client.support()), &[]);
    assert_no_secret("Chat area", &debug(&client.chat()), &[]);
    assert_no_secret("OAuth bridge area", &debug(&client.oauth_bridge()), &[]);
}

#[tokio::test]
async fn request_builders_never_show_secrets() {
    let client = secret_builder("http://127.0.0.1:9")
        .build()
        .expect("client");
    let exchange = Fixture::load("oauth_bridge/get_token.json");
    let secrets = fixture_secrets(&exchange);
    assert!(
        secrets.contains(&"5XJ85yjUtRcaQu_pDINblPZb".to_owned())
            && secrets.contains(&"658965".to_owned()),
        "{secrets:?}"
    );

    let request: BridgeTokenRequest = request_body(&exchange);
    assert_no_secret("BridgeTokenRequest", &debug(&request), &secrets);
    let get_token = client.oauth_bridge().get_token(request.clone());
    let rendered = debug(&get_token);
    assert_no_secret("GetToken builder", &rendered, &secrets);
    assert!(rendered.contains("5e4af71a81966cfff3ef6550"), "{rendered}");

    let create = client.support().create_token(CreateOAuthTokenRequest {
        token: NewOAuthToken {
            client_id: 1234,
            scopes: vec!["read".to_owned()],
        },
    });
    assert_no_secret("CreateToken builder", &debug(&create), &[]);

    let authorize = client
        .oauth_bridge()
        .authorize("5e4af71a81966cfff3ef6550")
        .state("csrf-123");
    assert_no_secret("Authorize builder", &debug(&authorize), &[]);
    let url = authorize.url().expect("authorize URL");
    assert_no_secret("Authorize URL", url.as_str(), &secrets);

    for (what, rendered) in [
        ("ListOAuthTokens", debug(&client.support().list_tokens())),
        ("ShowOAuthToken", debug(&client.support().show_token(1))),
        (
            "ShowCurrentOAuthToken",
            debug(&client.support().show_current_token()),
        ),
        ("RevokeOAuthToken", debug(&client.support().revoke_token(1))),
        (
            "RevokeCurrentOAuthToken",
            debug(&client.support().revoke_current_token()),
        ),
        ("ListChatOAuthTokens", debug(&client.chat().list_tokens())),
        (
            "RevokeChatOAuthToken",
            debug(&client.chat().revoke_token(1)),
        ),
        (
            "GetTokenInfo",
            debug(&client.oauth_bridge().get_token_info()),
        ),
        (
            "RevokeAccess",
            debug(&client.oauth_bridge().revoke_access()),
        ),
    ] {
        assert_no_secret(what, &rendered, &[]);
    }

    // Secrets in a request body also stay out of renderings of a hand-built request.
    let hand_built = BridgeTokenRequest {
        client_id: "client".to_owned(),
        client_secret: Secret::new(CLIENT_SECRET),
        code: Secret::new(AUTHORIZATION_CODE),
        grant_type: BridgeTokenRequestGrantType::AuthorizationCode,
    };
    assert_no_secret(
        "GetToken builder (hand-built body)",
        &debug(&client.oauth_bridge().get_token(hand_built)),
        &[],
    );
}

/// Every recorded exchange, replayed: the request builder, the decoded response (or the
/// error) and the body are rendered without a credential or a secret of the exchange, and so
/// is everything traced meanwhile, at every level.
#[tokio::test]
async fn every_replayed_fixture_renders_without_secrets() {
    let (traced, _tracing) = leaks::capture_tracing();
    let names = all_fixture_names();
    assert!(names.len() >= 20, "{names:?}");
    let mut with_secrets = 0;
    let mut all_secrets = Vec::new();
    for name in &names {
        let replay = Replay::start(&[name.as_str()]).await;
        let fixture = &replay.fixtures()[0];
        let secrets = fixture_secrets(fixture);
        all_secrets.extend(secrets.iter().cloned());
        // The harness credentials are replaced by SECRET- ones, so the recorded
        // `Authorization` headers no longer match: what is checked here is the rendering,
        // not the request (the area test files verify requests).
        let client = with_secret_credentials(replay.client())
            .build()
            .expect("client");

        let (rendered, succeeded) = replay_and_render(&client, fixture).await;

        let status = fixture.response.status;
        // `*_wrong_type.json` fixtures answer 200 with a body the spec does not allow.
        let decodes = !name.ends_with("_wrong_type.json");
        assert_eq!(
            succeeded,
            (200..300).contains(&status) && decodes,
            "fixture `{name}` (HTTP {status}):\n{rendered}"
        );
        assert_no_secret(&format!("fixture `{name}`"), &rendered, &secrets);
        // The recorded `Authorization` holds the harness's credential (not the one this
        // client sends), a word-like value such as `chat-oauth-token`: looked for whole.
        if let Some((_, recorded)) = fixture
            .request
            .headers
            .get("authorization")
            .and_then(|authorization| authorization.split_once(' '))
        {
            assert!(
                !rendered.contains(recorded),
                "fixture `{name}`: the recorded credential is shown:\n{rendered}"
            );
        }
        let mut response_secrets = Vec::new();
        if let Some(body) = &fixture.response.body {
            body_secrets(body, false, &mut response_secrets);
        }
        if succeeded && !response_secrets.is_empty() {
            with_secrets += 1;
            assert!(
                rendered.contains(REDACTED),
                "fixture `{name}`: its secrets are not rendered redacted:\n{rendered}"
            );
        }
    }
    assert!(
        with_secrets >= 6,
        "only {with_secrets} success fixtures hold secrets"
    );
    let traced = traced.text();
    assert!(
        traced.contains("request finished"),
        "nothing was traced:\n{traced}"
    );
    assert_no_secret("tracing output", &traced, &all_secrets);
}

/// A declared 401 from a fixture: the error shows its (harmless) body but no credential.
#[tokio::test]
async fn unauthorized_errors_never_show_credentials() {
    for (name, expected) in [
        (
            "support/list_tokens_unauthorized.json",
            "Couldn't authenticate you",
        ),
        ("chat/list_tokens_unauthorized.json", "could not verify"),
        (
            "oauth_bridge/get_token_info_unauthorized.json",
            "Authorization is required",
        ),
    ] {
        let replay = Replay::start(&[name]).await;
        let client = with_secret_credentials(replay.client())
            .build()
            .expect("client");
        let rendered = match name {
            "support/list_tokens_unauthorized.json" => {
                let error = client.support().list_tokens().send().await.unwrap_err();
                assert!(matches!(error, Error::Api { .. }), "{error:?}");
                render_error(&error)
            }
            "chat/list_tokens_unauthorized.json" => {
                let error = client.chat().list_tokens().send().await.unwrap_err();
                assert!(matches!(error, Error::Api { .. }), "{error:?}");
                render_error(&error)
            }
            _ => {
                let error = client
                    .oauth_bridge()
                    .get_token_info()
                    .send()
                    .await
                    .unwrap_err();
                assert!(matches!(error, Error::Api { .. }), "{error:?}");
                render_error(&error)
            }
        };
        assert!(rendered.contains(expected), "{name}: {rendered}");
        assert!(rendered.contains("401"), "{name}: {rendered}");
        assert_no_secret(name, &rendered, &[]);
    }
}
