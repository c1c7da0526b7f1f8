//! Client table: the servers the operations use, `Client::builder()`, and the builder setters
//! for base URLs, server variables and credentials.

use proc_macro2::TokenStream;
use quote::quote;

use std::collections::BTreeSet;

use crate::emit::{doc, ident, inner_doc, Home, Item, Scope};
use crate::ir::{Api, ApiKeyLocation, SchemeKind};

pub(crate) fn emit(api: &Api, generated: &BTreeSet<String>) -> TokenStream {
    let scope = Scope::new(generated, Home::Generated);
    let server_spec = scope.name(Item::ServerSpec);
    let servers: Vec<_> = api
        .servers
        .iter()
        .map(|server| {
            let name = &server.name;
            let url = &server.url;
            let variables = server.variables.iter().map(|variable| {
                let variable_name = &variable.name;
                let default = &variable.default;
                let allowed = &variable.allowed;
                let variable_spec = scope.name(Item::ServerVariableSpec);
                quote! {
                    #variable_spec {
                        name: #variable_name,
                        default: #default,
                        allowed: &[#(#allowed),*],
                    }
                }
            });
            quote! {
                #server_spec {
                    name: #name,
                    url: #url,
                    variables: &[#(#variables),*],
                },
            }
        })
        .collect();
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
        for alternative in &server.alternatives {
            let setter = ident(&alternative.setter);
            let url = &alternative.url;
            let mut text = format!(
                "Sends the operations of server `{name}` to its alternative `{}` (`{url}`).",
                alternative.name
            );
            if let Some(description) = &alternative.description {
                text.push_str(&format!("\n\nThat server: {description}"));
            }
            let docs = doc(&text);
            setters.push(quote! {
                #docs
                pub fn #setter(self) -> Self {
                    self.base_url(#name, #url)
                }
            });
        }
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
        let secret = scope.name(Item::Secret);
        let credential = scope.name(Item::Credential);
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
                pub fn #setter(self, username: impl Into<String>, password: impl Into<#secret>) -> Self {
                    self.credential(#name, #credential::basic(username, password))
                }
            },
            SchemeKind::ApiKey { location, name: key_name } => {
                let key_location = scope.name(Item::ApiKeyLocation);
                let location = match location {
                    ApiKeyLocation::Header => quote!(Header),
                    ApiKeyLocation::Query => quote!(Query),
                    ApiKeyLocation::Cookie => quote!(Cookie),
                };
                quote! {
                    #docs
                    pub fn #setter(self, key: impl Into<#secret>) -> Self {
                        self.credential(
                            #name,
                            #credential::api_key(
                                #key_location::#location,
                                #key_name,
                                key,
                            ),
                        )
                    }
                }
            }
            SchemeKind::Bearer => quote! {
                #docs
                pub fn #setter(self, token: impl Into<#secret>) -> Self {
                    self.credential(#name, #credential::bearer(token))
                }
            },
        });
    }
    let module_docs = inner_doc(
        "The servers operations are sent to, and the client builder's setters for them and for credentials.",
    );
    let client = scope.name(Item::Client);
    let client_builder = scope.name(Item::ClientBuilder);
    let uses = scope.uses();
    quote! {
        #module_docs
        #uses

        static SERVERS: &[#server_spec] = &[#(#servers)*];

        impl #client {
            /// Starts configuring a client. Every server's base URL can be overridden, and each
            /// operation uses the credentials its security requirements accept.
            pub fn builder() -> #client_builder {
                #client_builder::new(SERVERS)
            }
        }

        impl #client_builder {
            #(#setters)*
        }
    }
}
