//! Client table: the servers the operations use, `Client::builder()`, and the builder setters
//! for base URLs, server variables and credentials.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{doc, ident, inner_doc};
use crate::ir::{Api, ApiKeyLocation, SchemeKind};

pub(crate) fn emit(api: &Api) -> TokenStream {
    let servers = api.servers.iter().map(|server| {
        let name = &server.name;
        let url = &server.url;
        let variables = server.variables.iter().map(|variable| {
            let variable_name = &variable.name;
            let default = &variable.default;
            let allowed = &variable.allowed;
            quote! {
                crate::runtime::builder::ServerVariableSpec {
                    name: #variable_name,
                    default: #default,
                    allowed: &[#(#allowed),*],
                }
            }
        });
        quote! {
            crate::runtime::builder::ServerSpec {
                name: #name,
                url: #url,
                variables: &[#(#variables),*],
            },
        }
    });
    let mut setters = Vec::new();
    let mut variable_setters_done = std::collections::BTreeSet::new();
    for server in &api.servers {
        let setter = ident(&server.setter);
        let name = &server.name;
        let mut text = format!(
            "Sends the operations of server `{name}` (`{}`) to `url` instead.",
            server.url
        );
        if let Some(description) = &server.description {
            text.push_str(&format!("\n\nThat server: {description}"));
        }
        let docs = doc(&text);
        setters.push(quote! {
            #docs
            pub fn #setter(self, url: impl Into<String>) -> Self {
                self.base_url(#name, url)
            }
        });
        for variable in &server.variables {
            if !variable_setters_done.insert(variable.setter.clone()) {
                continue;
            }
            let setter = ident(&variable.setter);
            let variable_name = &variable.name;
            let mut text = format!(
                "Sets the `{variable_name}` server URL variable (default `{}`).",
                variable.default
            );
            if let Some(description) = &variable.description {
                text.push_str(&format!("\n\n{description}"));
            }
            let docs = doc(&text);
            setters.push(quote! {
                #docs
                pub fn #setter(self, value: impl Into<String>) -> Self {
                    self.server_variable(#variable_name, value)
                }
            });
        }
    }
    for scheme in &api.security_schemes {
        let setter = ident(&scheme.setter);
        let name = &scheme.name;
        let mut text = format!("Credential for the `{name}` security scheme.");
        if let Some(description) = &scheme.description {
            text.push_str(&format!("\n\n{description}"));
        }
        let docs = doc(&text);
        setters.push(match &scheme.kind {
            SchemeKind::Basic => quote! {
                #docs
                pub fn #setter(self, username: impl Into<String>, password: impl Into<crate::runtime::secret::Secret>) -> Self {
                    self.credential(#name, crate::runtime::auth::Credential::basic(username, password))
                }
            },
            SchemeKind::ApiKey { location, name: key_name } => {
                let location = match location {
                    ApiKeyLocation::Header => quote!(Header),
                    ApiKeyLocation::Query => quote!(Query),
                    ApiKeyLocation::Cookie => quote!(Cookie),
                };
                quote! {
                    #docs
                    pub fn #setter(self, key: impl Into<crate::runtime::secret::Secret>) -> Self {
                        self.credential(
                            #name,
                            crate::runtime::auth::Credential::api_key(
                                crate::runtime::auth::ApiKeyLocation::#location,
                                #key_name,
                                key,
                            ),
                        )
                    }
                }
            }
            SchemeKind::Bearer => quote! {
                #docs
                pub fn #setter(self, token: impl Into<crate::runtime::secret::Secret>) -> Self {
                    self.credential(#name, crate::runtime::auth::Credential::bearer(token))
                }
            },
        });
    }
    let module_docs = inner_doc(
        "The servers operations are sent to, and the client builder's setters for them and for credentials.",
    );
    quote! {
        #module_docs

        static SERVERS: &[crate::runtime::builder::ServerSpec] = &[#(#servers)*];

        impl crate::runtime::client::Client {
            /// Starts configuring a client. Every server's base URL can be overridden, and each
            /// operation uses the credentials its security requirements accept.
            pub fn builder() -> crate::runtime::builder::ClientBuilder {
                crate::runtime::builder::ClientBuilder::new(SERVERS)
            }
        }

        impl crate::runtime::builder::ClientBuilder {
            #(#setters)*
        }
    }
}
