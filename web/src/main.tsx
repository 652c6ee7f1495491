import React from "react";
import ReactDOM from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider, createBrowserRouter } from "react-router-dom";
import "./i18n";
import "./styles.css";
import { Layout } from "./components/Layout";
import { PlansPage } from "./pages/PlansPage";
import { PlanOverviewPage } from "./pages/PlanOverviewPage";
import { CascadePage } from "./pages/CascadePage";
import { GoalPage } from "./pages/GoalPage";
import { ActivityPage } from "./pages/ActivityPage";
import { FollowUpPage } from "./pages/FollowUpPage";
import { MeasurePage } from "./pages/MeasurePage";
import { SearchPage } from "./pages/SearchPage";
import { ScorecardPage } from "./pages/ScorecardPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { LoginPage } from "./pages/LoginPage";

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false } } });

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: "/", element: <PlansPage /> },
      { path: "/plans/:planId", element: <PlanOverviewPage /> },
      { path: "/plans/:planId/cascade", element: <CascadePage /> },
      { path: "/plans/:planId/goals/:goalId", element: <GoalPage /> },
      { path: "/plans/:planId/activities/:activityId", element: <ActivityPage /> },
      { path: "/plans/:planId/activities/:activityId/follow-up", element: <FollowUpPage /> },
      { path: "/plans/:planId/measures/:measureId", element: <MeasurePage /> },
      { path: "/plans/:planId/search", element: <SearchPage /> },
      { path: "/plans/:planId/scorecard", element: <ScorecardPage /> },
      { path: "/login", element: <LoginPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

ReactDOM.createRoot(document.getElementById("root")!).render(
  <React.StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </React.StrictMode>,
);
