from django.shortcuts import render

from kizuna.core.permissions import permission_required


@permission_required("plan.view_dashboard")
def dashboard(request):
    return render(request, "plan/dashboard.html", {})
