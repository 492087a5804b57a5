module github.com/ecs-conformance/ecs-conformance/tools

go 1.26
