from django.contrib.auth import views as auth_views

# Placeholder until sign-in links exist: staff sign in with a password.
login = auth_views.LoginView.as_view(template_name="accounts/login.html")
